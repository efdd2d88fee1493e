tests/cases/images/images.xml:7:5: error: no se encontró la imagen "images/no-existe.png" (se buscó guide-src/images/no-existe.png) [images]
tests/cases/images/images.xml:8:5: error: la imagen "images/README.txt" no es un archivo PNG; expórtela como PNG [images]
tests/cases/images/images.xml:9:5: error: la imagen "images/holograma.png" no tiene texto alternativo; descríbala en <alt> para quien no puede verla [images]
3 errores, 0 avisos en 1 archivo
exit: 1
