tests/cases/phone-old-prefix/phone-old-prefix.xml:8:7: error: el número 01 800 468 8722 usa el prefijo 01, que se eliminó en 2019: márquelo a 10 dígitos, 800 468 8722 [phone-numbers]
tests/cases/phone-old-prefix/phone-old-prefix.xml:9:7: error: el número 044 55 1234 5678 usa el prefijo 044, que se eliminó en 2019: márquelo a 10 dígitos, 55 1234 5678 [phone-numbers]
2 errores, 0 avisos en 1 archivo
exit: 1
