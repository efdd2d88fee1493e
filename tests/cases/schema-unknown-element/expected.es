tests/cases/schema-unknown-element/schema-unknown-element.xml:7:5: error: <parrafo> no se permite aquí; revise el orden de los elementos y que <parrafo> esté dentro del elemento correcto [schema]
1 error, 0 avisos en 1 archivo
exit: 1
