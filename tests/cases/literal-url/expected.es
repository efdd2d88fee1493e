tests/cases/literal-url/literal-url.xml:7:17: aviso: https://www.gob.mx/heroespaisanos está escrito a mano; es el valor de "inm-paisano-web": escriba <ref to="inm-paisano-web"/> para que siga correcto cuando el valor cambie [literal-facts]
tests/cases/literal-url/literal-url.xml:8:19: aviso: "http://www.ejemplo.gob.mx/tramites" usa http://; los sitios de gobierno usan https:// (escriba "https://www.ejemplo.gob.mx/tramites") [urls]
0 errores, 2 avisos en 1 archivo
exit: 0
