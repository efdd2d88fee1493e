paisano diff: antes r1 880a29f2 -> despues r1 2ab3f658

Agencia de cambios (cambios)
  sección cambios-uno «Primera»
    párrafo (cambió): Puede traer ⟨cambios-franquicia⟩ en [-mercancías,-] {+mercancías nuevas,+} sin contar su [-equipaje personal.-] {+equipaje.+}

1 cambio
