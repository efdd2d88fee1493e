tests/cases/attr-bad-values/attr-bad-values.xml:8:7: error: country="mx" no está permitido: country= acepta MX o US, escrito exactamente así (como en country="MX") [schema]
tests/cases/attr-bad-values/attr-bad-values.xml:11:3: error: season="navidad" no es una temporada: escriba season="..." con semana-santa, verano o invierno (varias, separadas por espacios) [schema]
2 errores, 0 avisos en 1 archivo
exit: 1
