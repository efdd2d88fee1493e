tests/cases/xml-not-a-guide/xml-not-a-guide.xml:2:1: error: esto no es una fuente de la guía: su elemento raíz es <html>, y se esperaba <agency> o <edition> [xml]
1 error, 0 avisos en 1 archivo
exit: 1
