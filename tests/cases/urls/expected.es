tests/cases/urls/urls.xml:8:7: aviso: "http://www.gob.mx/ejemplo" usa http://; los sitios de gobierno usan https:// (escriba "https://www.gob.mx/ejemplo") [urls]
tests/cases/urls/urls.xml:9:7: error: "https://ejemplo" no es una dirección web válida: falta el nombre del sitio después de https://, o no tiene punto [urls]
tests/cases/urls/urls.xml:10:7: error: "ftp://archivos.gob.mx" no es una dirección web válida: una dirección web empieza con https:// [urls]
tests/cases/urls/urls.xml:11:7: error: "atencion@@gob.mx" no es una dirección de correo válida [urls]
3 errores, 1 aviso en 1 archivo
exit: 1
