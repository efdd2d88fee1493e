tests/cases/ids-unknown-ref/ids-unknown-ref.xml:7:28: error: "franquicia-terestre" no está definido en ningún lugar; ¿quiso decir "franquicia-terrestre"? [ids]
tests/cases/ids-unknown-ref/ids-unknown-ref.xml:8:12: error: "no-existe-nada-parecido" no está definido en ningún lugar; defínalo con ese id, o corrija la referencia [ids]
2 errores, 0 avisos en 1 archivo
exit: 1
