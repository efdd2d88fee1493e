tests/cases/xml-external-dtd/xml-external-dtd.xml:2:1: error: <!DOCTYPE> no se permite en las fuentes de la guía (puede traer otros archivos y definir entidades); quítelo [xml]
1 error, 0 avisos en 1 archivo
exit: 1
