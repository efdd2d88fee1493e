tests/cases/short-names/cortos.xml:3:1: error: la agencia "cortos" no tiene nombre corto, y la edición imprime uno por cada agencia que contiene (colofón, directorio); agregue <short>...</short> después de <name> [short-names]
tests/cases/short-names/cortos.xml:7:125: aviso: comilla recta " en texto en inglés; las citas en inglés usan “ ” (y ‘ ’ dentro de ellas) [english-text]
tests/cases/short-names/cortos.xml:7:133: aviso: comilla recta " en texto en inglés; las citas en inglés usan “ ” (y ‘ ’ dentro de ellas) [english-text]
tests/cases/short-names/cortos.xml:8:98: aviso: "«" (del español) en texto en inglés; las citas en inglés usan “ ” (y ‘ ’ dentro de ellas) [english-text]
tests/cases/short-names/cortos.xml:8:102: aviso: "»" (del español) en texto en inglés; las citas en inglés usan “ ” (y ‘ ’ dentro de ellas) [english-text]
tests/cases/short-names/palabra.xml:3:1: aviso: el nombre corto "Prueba" es una palabra en español, y la edición short-names también se publica en inglés; agregue su forma en inglés: <short en="...">Prueba</short> (error en una edición final, aviso en un borrador) [short-names]
tests/cases/short-names/short-names.xml:3:1: aviso: la agencia "palabra" tiene contenido en esta edición pero no lo ha firmado; cuando su editor lo haya revisado, ejecute paisano signoff --edition short-names --agency palabra --editor "NOMBRE" [sign-off]
tests/cases/short-names/short-names.xml:17:5: aviso: la firma de la agencia "cortos" no registra el hash del contenido (sha256=), así que nada dice qué revisó su editor; cuando lo haya revisado, ejecute paisano signoff --edition short-names --agency cortos --editor "NOMBRE" [sign-off]
tests/cases/short-names/short-names.xml:18:5: aviso: la firma de la agencia "inm" no registra el hash del contenido (sha256=), así que nada dice qué revisó su editor; cuando lo haya revisado, ejecute paisano signoff --edition short-names --agency inm --editor "NOMBRE" [sign-off]
tests/cases/short-names/short-names.xml:19:5: aviso: la firma de la agencia "sesnsp" no registra el hash del contenido (sha256=), así que nada dice qué revisó su editor; cuando lo haya revisado, ejecute paisano signoff --edition short-names --agency sesnsp --editor "NOMBRE" [sign-off]
tests/cases/short-names/short-names.xml:20:5: aviso: la firma de la agencia "sabg" no registra el hash del contenido (sha256=), así que nada dice qué revisó su editor; cuando lo haya revisado, ejecute paisano signoff --edition short-names --agency sabg --editor "NOMBRE" [sign-off]
1 error, 10 avisos en 3 archivos
exit: 1
