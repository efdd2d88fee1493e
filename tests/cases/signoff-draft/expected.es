tests/cases/signoff-draft/signoff-draft.xml:3:1: aviso: la agencia "sesnsp" tiene contenido en esta edición pero no lo ha firmado; cuando su editor lo haya revisado, ejecute paisano signoff --edition signoff-draft --agency sesnsp --editor "NOMBRE" [sign-off]
tests/cases/signoff-draft/signoff-draft.xml:16:5: aviso: la agencia "inm" cambió desde que Editor de prueba la firmó el 2026-10-20: (el contenido firmado, 00000000, no está en signoffs/signoff-draft/ para comparar); su editor debe revisarla de nuevo (paisano signoff --edition signoff-draft --agency inm --show) [sign-off]
tests/cases/signoff-draft/signoff-draft.xml:19:5: aviso: la firma de la agencia "anam" no registra el hash del contenido (sha256=), así que nada dice qué revisó su editor; cuando lo haya revisado, ejecute paisano signoff --edition signoff-draft --agency anam --editor "NOMBRE" [sign-off]
0 errores, 3 avisos en 1 archivo
exit: 0
