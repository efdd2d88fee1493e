tests/cases/table-cells/table-cells.xml:10:7: error: esta fila tiene 3 celdas, pero el <header> de la tabla tiene 2 columnas; agregue una columna al encabezado o quite las celdas de más (una celda fuera de las columnas no tiene encabezado bajo el cual leerse) [schema]
1 error, 0 avisos en 1 archivo
exit: 1
