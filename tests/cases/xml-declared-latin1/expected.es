tests/cases/xml-declared-latin1/xml-declared-latin1.xml:1:21: error: el archivo declara la codificación "ISO-8859-1"; las fuentes de la guía deben ser UTF-8: guárdelo como UTF-8 y escriba encoding="UTF-8" [xml]
1 error, 0 avisos en 1 archivo
exit: 1
