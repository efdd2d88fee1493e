tests/cases/xml-not-utf8/xml-not-utf8.xml:3:17: error: el archivo no es UTF-8 válido (aquí hay un byte 0xED); guárdelo con la codificación UTF-8 [xml]
1 error, 0 avisos en 1 archivo
exit: 1
