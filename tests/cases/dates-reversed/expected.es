tests/cases/dates-reversed/dates-reversed.xml:5:3: error: las fechas están invertidas: el fin, 2026-11-26, es anterior al inicio, 2027-01-10 [validity]
tests/cases/dates-reversed/dates-reversed.xml:15:5: aviso: la firma de la agencia "inm" no registra el hash del contenido (sha256=), así que nada dice qué revisó su editor; cuando lo haya revisado, ejecute paisano signoff --edition dates-reversed --agency inm --editor "NOMBRE" [sign-off]
tests/cases/dates-reversed/dates-reversed.xml:16:5: aviso: la firma de la agencia "sesnsp" no registra el hash del contenido (sha256=), así que nada dice qué revisó su editor; cuando lo haya revisado, ejecute paisano signoff --edition dates-reversed --agency sesnsp --editor "NOMBRE" [sign-off]
tests/cases/dates-reversed/dates-reversed.xml:17:5: aviso: la firma de la agencia "sabg" no registra el hash del contenido (sha256=), así que nada dice qué revisó su editor; cuando lo haya revisado, ejecute paisano signoff --edition dates-reversed --agency sabg --editor "NOMBRE" [sign-off]
1 error, 3 avisos en 1 archivo
exit: 1
