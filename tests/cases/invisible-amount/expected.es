tests/cases/invisible-amount/invisible-amount.xml:6:77: error: el valor "1­00" contiene U+00AD SOFT HYPHEN, un carácter invisible: lo que el lector copie, marque o pulse no sería lo que ve; bórrelo [characters]
1 error, 0 avisos en 1 archivo
exit: 1
