tests/cases/phone-near-twin/phone-near-twin.xml:9:7: aviso: 800 004 6464 ("phone-near-twin-b") difiere en un dígito de 800 004 6264 ("phone-near-twin-a", tests/cases/phone-near-twin/phone-near-twin.xml:8); revise cuál es el correcto [phone-numbers]
0 errores, 1 aviso en 1 archivo
exit: 0
