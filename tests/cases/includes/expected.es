tests/cases/includes/includes.xml:12:7: error: <include section="banjercito-permiso-deposito"/> nombra una subsección; incluya la sección que la contiene [ids]
tests/cases/includes/includes.xml:13:7: error: la sección "inm-bienvenida" ya se incluye en la línea 9; una sección se imprime una sola vez [ids]
tests/cases/includes/includes.xml:14:7: error: "anam-franqicia" no está definido en ningún lugar; ¿quiso decir "anam-franquicia"? [ids]
tests/cases/includes/includes.xml:15:7: error: <see to="franquicia-aerea"/> nombra un elemento de tipo dato, no una sección; para imprimir un valor use <ref to="franquicia-aerea"/> [ids]
tests/cases/includes/includes.xml:19:5: aviso: la firma de la agencia "inm" no registra el hash del contenido (sha256=), así que nada dice qué revisó su editor; cuando lo haya revisado, ejecute paisano signoff --edition includes --agency inm --editor "NOMBRE" [sign-off]
tests/cases/includes/includes.xml:20:5: aviso: la firma de la agencia "sesnsp" no registra el hash del contenido (sha256=), así que nada dice qué revisó su editor; cuando lo haya revisado, ejecute paisano signoff --edition includes --agency sesnsp --editor "NOMBRE" [sign-off]
tests/cases/includes/includes.xml:21:5: aviso: la firma de la agencia "sabg" no registra el hash del contenido (sha256=), así que nada dice qué revisó su editor; cuando lo haya revisado, ejecute paisano signoff --edition includes --agency sabg --editor "NOMBRE" [sign-off]
4 errores, 3 avisos en 1 archivo
exit: 1
