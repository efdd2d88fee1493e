tests/cases/required-missing/required-missing.xml:3:1: error: la edición no imprime el formato de queja; toda edición debe hacerlo (una sección con un <form> incluida en la edición) [required-content]
tests/cases/required-missing/required-missing.xml:3:1: error: la edición no imprime el número de emergencias 911; toda edición debe hacerlo (un <phone role="emergencias">911</phone> en un contacto de una agencia de la edición) [required-content]
tests/cases/required-missing/required-missing.xml:3:1: error: la edición no imprime el número del Programa Paisano para llamar dentro de México; toda edición debe hacerlo (un <phone country="MX" role="paisano-mx"> en un contacto de una agencia de la edición) [required-content]
tests/cases/required-missing/required-missing.xml:3:1: error: la edición no imprime el número del Programa Paisano para llamar desde Estados Unidos; toda edición debe hacerlo (un <phone country="US" role="paisano-eua"> en un contacto de una agencia de la edición) [required-content]
tests/cases/required-missing/required-missing.xml:3:1: error: la edición no imprime un canal para quejas; toda edición debe hacerlo (un teléfono, sitio web o correo con role="quejas" en un contacto de una agencia de la edición) [required-content]
tests/cases/required-missing/required-missing.xml:13:5: aviso: la firma de la agencia "anam" no registra el hash del contenido (sha256=), así que nada dice qué revisó su editor; cuando lo haya revisado, ejecute paisano signoff --edition required-missing --agency anam --editor "NOMBRE" [sign-off]
5 errores, 1 aviso en 1 archivo
exit: 1
