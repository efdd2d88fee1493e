tests/cases/xml-unknown-entity/xml-unknown-entity.xml:3:22: error: entidad desconocida &nbsp;; escriba el carácter mismo (el archivo es UTF-8), o use &amp; para & [xml]
1 error, 0 avisos en 1 archivo
exit: 1
