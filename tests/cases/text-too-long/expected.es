tests/cases/text-too-long/text-too-long.xml:7:5: error: este texto tiene 20799 caracteres, más de los 20000 que puede tener un párrafo, elemento de lista o celda; divídalo en varios [limits]
1 error, 0 avisos en 1 archivo
exit: 1
