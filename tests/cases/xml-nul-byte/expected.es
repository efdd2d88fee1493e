tests/cases/xml-nul-byte/xml-nul-byte.xml:3:11: error: el archivo no es UTF-8 válido (aquí hay un byte 0x00); guárdelo con la codificación UTF-8 [xml]
1 error, 0 avisos en 1 archivo
exit: 1
