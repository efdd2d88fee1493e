tests/cases/text-punctuation/text-punctuation.xml:7:32: aviso: "?" sin su "¿" de apertura; en español las preguntas abren con ¿ [spanish-text]
tests/cases/text-punctuation/text-punctuation.xml:8:43: aviso: "!" sin su "¡" de apertura; en español las exclamaciones abren con ¡ [spanish-text]
0 errores, 2 avisos en 1 archivo
exit: 0
