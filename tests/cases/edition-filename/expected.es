tests/cases/edition-filename/invierno-2026.xml:3:1: error: el id de edición "edition-filename" no coincide con el nombre del archivo, "invierno-2026"; cambie el nombre del archivo o el id para que coincidan [schema]
tests/cases/edition-filename/invierno-2026.xml:15:5: aviso: la firma de la agencia "inm" no registra el hash del contenido (sha256=), así que nada dice qué revisó su editor; cuando lo haya revisado, ejecute paisano signoff --edition edition-filename --agency inm --editor "NOMBRE" [sign-off]
tests/cases/edition-filename/invierno-2026.xml:16:5: aviso: la firma de la agencia "sesnsp" no registra el hash del contenido (sha256=), así que nada dice qué revisó su editor; cuando lo haya revisado, ejecute paisano signoff --edition edition-filename --agency sesnsp --editor "NOMBRE" [sign-off]
tests/cases/edition-filename/invierno-2026.xml:17:5: aviso: la firma de la agencia "sabg" no registra el hash del contenido (sha256=), así que nada dice qué revisó su editor; cuando lo haya revisado, ejecute paisano signoff --edition edition-filename --agency sabg --editor "NOMBRE" [sign-off]
1 error, 3 avisos en 1 archivo
exit: 1
