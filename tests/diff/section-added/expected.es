paisano diff: antes r1 880a29f2 -> despues r1 ac18782f

Agencia de cambios (cambios)
  Oficina, teléfono: 55 5555 1234 -> 55 5555 9999
  sección cambios-tres «Tercera» (se agregó)

2 cambios
