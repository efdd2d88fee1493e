paisano diff: antes r1 880a29f2 -> despues r1 1df56801

Agencia de cambios (cambios)
  sección cambios-uno «Primera» (se movió): capítulo cap-prueba, sección 1 -> capítulo cap-prueba, sección 2

1 cambio
