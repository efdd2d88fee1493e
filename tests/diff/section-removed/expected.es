paisano diff: antes r1 880a29f2 -> despues r1 15237d3c

Agencia de cambios (cambios)
  sección cambios-dos «Segunda» (se quitó)

1 cambio
