tests/cases/xml-unclosed/xml-unclosed.xml:4:1: error: el archivo termina antes de que se cierre <name> (línea 3); agregue </name> [xml]
1 error, 0 avisos en 1 archivo
exit: 1
