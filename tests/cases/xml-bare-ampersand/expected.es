tests/cases/xml-bare-ampersand/xml-bare-ampersand.xml:3:18: error: '&' inicia una entidad como &amp;; un '&' suelto debe escribirse &amp; [xml]
1 error, 0 avisos en 1 archivo
exit: 1
