tests/cases/image-src/image-src.xml:7:5: error: src="../images/holograma.png" sale de su carpeta con ".."; una imagen es un archivo directamente dentro de guide-src/images/, escrito src="images/NOMBRE.png" [schema]
tests/cases/image-src/image-src.xml:8:5: error: src="/etc/passwd" es una ruta absoluta, que puede apuntar a cualquier lugar de la computadora; una imagen es un archivo directamente dentro de guide-src/images/, escrito src="images/NOMBRE.png" [schema]
tests/cases/image-src/image-src.xml:9:5: error: src="images/sub/x.png" nombra una subcarpeta de images/; una imagen es un archivo directamente dentro de guide-src/images/, escrito src="images/NOMBRE.png" [schema]
tests/cases/image-src/image-src.xml:10:5: error: src="images/mapa de módulos.png" tiene el carácter " " en el nombre del archivo, que solo puede usar letras a-z y A-Z, dígitos, '.', '-' y '_'; una imagen es un archivo directamente dentro de guide-src/images/, escrito src="images/NOMBRE.png" [schema]
4 errores, 0 avisos en 1 archivo
exit: 1
