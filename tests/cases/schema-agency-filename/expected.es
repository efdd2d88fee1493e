tests/cases/schema-agency-filename/schema-agency-filename.xml:3:1: error: el id de agencia "otra-agencia" no coincide con el nombre del archivo, "schema-agency-filename"; cambie el nombre del archivo o el id para que coincidan [schema]
1 error, 0 avisos en 1 archivo
exit: 1
