tests/cases/schema-bad-date/schema-bad-date.xml:7:7: error: "2026-13-01" no es una fecha válida (escriba AAAA-MM-DD) [schema]
1 error, 0 avisos en 1 archivo
exit: 1
