tests/cases/xml-mismatched-tag/xml-mismatched-tag.xml:3:22: error: la etiqueta de cierre </nombre> no corresponde a la de apertura <name> de la línea 3; cierre primero <name> [xml]
1 error, 0 avisos en 1 archivo
exit: 1
