tests/cases/xml-xinclude-network/xml-xinclude-network.xml:4:3: error: <xi:include> pertenece a otro vocabulario (http://www.w3.org/2001/XInclude); las fuentes de la guía usan solo los elementos de guide-src/schema/paisano.rng y nunca incluyen otros archivos [schema]
1 error, 0 avisos en 1 archivo
exit: 1
