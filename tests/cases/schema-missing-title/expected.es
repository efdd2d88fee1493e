tests/cases/schema-missing-title/schema-missing-title.xml:6:5: error: <p> no se permite aquí; revise el orden de los elementos y que <p> esté dentro del elemento correcto [schema]
1 error, 0 avisos en 1 archivo
exit: 1
