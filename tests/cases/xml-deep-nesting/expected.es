tests/cases/xml-deep-nesting/xml-deep-nesting.xml:3:161: error: los elementos se anidan a más de 40 niveles; ninguna fuente de la guía necesita tantos [xml]
1 error, 0 avisos en 1 archivo
exit: 1
