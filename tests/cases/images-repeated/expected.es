tests/cases/images-repeated/images-repeated.xml:8:5: error: no se encontró la imagen "images/no-existe.png" (se buscó guide-src/images/no-existe.png) [images]
tests/cases/images-repeated/images-repeated.xml:9:5: error: la imagen "images/README.txt" no es un archivo PNG; expórtela como PNG [images]
tests/cases/images-repeated/images-repeated.xml:14:5: error: no se encontró la imagen "images/no-existe.png" (se buscó guide-src/images/no-existe.png) [images]
tests/cases/images-repeated/images-repeated.xml:16:5: error: la imagen "images/README.txt" no es un archivo PNG; expórtela como PNG [images]
4 errores, 0 avisos en 1 archivo
exit: 1
