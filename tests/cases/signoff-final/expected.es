tests/cases/signoff-final/signoff-final.xml:3:1: error: la agencia "sesnsp" tiene contenido en esta edición pero no lo ha firmado; cuando su editor lo haya revisado, ejecute paisano signoff --edition signoff-final --agency sesnsp --editor "NOMBRE" [sign-off]
tests/cases/signoff-final/signoff-final.xml:16:5: aviso: la agencia "inm" cambió desde que Editor de prueba la firmó el 2026-10-20: (el contenido firmado, 00000000, no está en signoffs/signoff-final/ para comparar); su editor debe revisarla de nuevo (paisano signoff --edition signoff-final --agency inm --show) [sign-off]
tests/cases/signoff-final/signoff-final.xml:19:5: aviso: la firma de la agencia "anam" no registra el hash del contenido (sha256=), así que nada dice qué revisó su editor; cuando lo haya revisado, ejecute paisano signoff --edition signoff-final --agency anam --editor "NOMBRE" [sign-off]
tests/cases/signoff-final/signoff-final.xml:20:5: error: hay una firma de revisión de la agencia "banjercto", que no tiene archivo en la carpeta de agencias; ¿quiso decir "banjercito"? [ids]
2 errores, 2 avisos en 1 archivo
exit: 1
