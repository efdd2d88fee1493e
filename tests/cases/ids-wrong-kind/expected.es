tests/cases/ids-wrong-kind/ids-wrong-kind.xml:7:12: error: <ref to="anam-franquicia"/> nombra una sección; para referirse a una sección use <see to="anam-franquicia"/> [ids]
tests/cases/ids-wrong-kind/ids-wrong-kind.xml:7:42: error: <see to="franquicia-aerea"/> nombra un elemento de tipo dato, no una sección; para imprimir un valor use <ref to="franquicia-aerea"/> [ids]
tests/cases/ids-wrong-kind/ids-wrong-kind.xml:8:5: error: <card ref="anam-efectivo"/> nombra un elemento de tipo sección; una tarjeta muestra un <contact> [ids]
tests/cases/ids-wrong-kind/ids-wrong-kind.xml:9:16: error: <ref to="anam-contacto"/> nombra un elemento de tipo contacto, que no tiene un valor que imprimir; refiérase a uno de sus teléfonos o sitios web [ids]
4 errores, 0 avisos en 1 archivo
exit: 1
