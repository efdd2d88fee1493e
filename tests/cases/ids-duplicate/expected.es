tests/cases/ids-duplicate/ids-duplicate.xml:6:5: error: el id "franquicia-terrestre" ya se usa en guide-src/agencies/anam.xml:21; cada id debe ser único entre todas las agencias [ids]
1 error, 0 avisos en 1 archivo
exit: 1
