paisano diff: antes r1 880a29f2 -> despues r1 4b3bb22a
sin cambios
