tests/cases/xml-utf16/xml-utf16.xml:1:1: error: el archivo está guardado como UTF-16; guárdelo con la codificación UTF-8 [xml]
1 error, 0 avisos en 1 archivo
exit: 1
