tests/cases/xml-empty/xml-empty.xml: error: el archivo está vacío; una fuente de la guía empieza con <agency> o <edition> [xml]
1 error, 0 avisos en 1 archivo
exit: 1
