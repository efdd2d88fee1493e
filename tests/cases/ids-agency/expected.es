tests/cases/ids-agency/ids-agency.xml:6:5: error: el id "anam" de este elemento (dato) es el id de una agencia (guide-src/agencies/anam.xml:3); cada id debe ser único entre todas las agencias, incluidos los ids de agencia: cámbielo [ids]
1 error, 0 avisos en 1 archivo
exit: 1
