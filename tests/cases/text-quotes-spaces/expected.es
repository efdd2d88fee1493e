tests/cases/text-quotes-spaces/text-quotes-spaces.xml:7:20: aviso: comilla recta "; en español use « » o “ ” [spanish-text]
tests/cases/text-quotes-spaces/text-quotes-spaces.xml:7:36: aviso: comilla recta "; en español use « » o “ ” [spanish-text]
tests/cases/text-quotes-spaces/text-quotes-spaces.xml:7:40: aviso: dos espacios seguidos; use uno [spanish-text]
tests/cases/text-quotes-spaces/text-quotes-spaces.xml:8:16: aviso: comilla recta '; en español use « » o “ ” [spanish-text]
tests/cases/text-quotes-spaces/text-quotes-spaces.xml:8:29: aviso: comilla recta '; en español use « » o “ ” [spanish-text]
0 errores, 5 avisos en 1 archivo
exit: 0
