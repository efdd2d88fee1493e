tests/cases/schema-bad-id/schema-bad-id.xml:5:3: error: id="Sección_Uno": los ids usan solo minúsculas a-z, dígitos y guiones sencillos (por ejemplo "seccion-uno") [schema]
1 error, 0 avisos en 1 archivo
exit: 1
