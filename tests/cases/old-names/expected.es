tests/cases/old-names/old-names.xml:7:11: aviso: "SAGARPA" cambió de nombre en 2019; escriba "SADER" (Secretaría de Agricultura y Desarrollo Rural) [agency-names]
tests/cases/old-names/old-names.xml:7:44: aviso: "PGR" se convirtió en la Fiscalía General de la República en 2018; escriba "FGR" [agency-names]
tests/cases/old-names/old-names.xml:8:11: aviso: "Policía Federal" se disolvió en 2019 y sus funciones en carreteras pasaron a otra institución; escriba "Guardia Nacional" [agency-names]
tests/cases/old-names/old-names.xml:8:51: aviso: "Telecomm" cambió de nombre en 2022; escriba "Financiera para el Bienestar (Finabien)" [agency-names]
tests/cases/old-names/old-names.xml:9:34: aviso: "Secretaría de la Función Pública" fue sustituida en 2025; escriba "Secretaría Anticorrupción y Buen Gobierno" [agency-names]
tests/cases/old-names/old-names.xml:9:72: aviso: "AGA" fue sustituida en 2022; escriba "Agencia Nacional de Aduanas de México (ANAM)" [agency-names]
tests/cases/old-names/old-names.xml:10:25: aviso: "MEXITEL" fue sustituido por MiConsulado en 2022; escriba "MiConsulado" [agency-names]
0 errores, 7 avisos en 1 archivo
exit: 0
