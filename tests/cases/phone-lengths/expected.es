tests/cases/phone-lengths/phone-lengths.xml:8:7: error: el número mexicano 800 201 854 tiene 9 dígitos; desde 2019 todo número mexicano tiene exactamente 10 [phone-numbers]
tests/cases/phone-lengths/phone-lengths.xml:9:7: error: el número de Estados Unidos 877 210 9469 debe ser 1 seguido de 10 dígitos, como 1 877 210 9469 [phone-numbers]
tests/cases/phone-lengths/phone-lengths.xml:10:7: error: el número de Estados Unidos 01-877-210-9469 lleva el prefijo mexicano 01; los números de Estados Unidos son 1 y 10 dígitos: 1 877 210 9469 [phone-numbers]
tests/cases/phone-lengths/phone-lengths.xml:11:7: error: 071 no es un número corto conocido (los conocidos: 911, 089, 088, 078, 074, 070, 072, 075); escriba el número completo a 10 dígitos [phone-numbers]
4 errores, 0 avisos en 1 archivo
exit: 1
