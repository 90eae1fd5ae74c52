mkdir images documents site
mv logo.png photo.jpg images/
mv cv.pdf notes.txt documents/
mv index.html style.css site/
