tests/cases/attr-missing/attr-missing.xml:7:7: error: <value> no tiene from=, el primer día en que vale el valor; todo valor de un dato lo dice: agregue from="AAAA-MM-DD", como en <value from="2025-01-01"> [schema]
1 error, 0 avisos en 1 archivo
exit: 1
