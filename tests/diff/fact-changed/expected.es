paisano diff: antes r1 880a29f2 -> despues r1 cfc8e4ff

Agencia de cambios (cambios)
  Franquicia: 500 dólares -> 550 dólares

1 cambio
