mv "Photo Équipe.JPG" photo-equipe.jpg
mv "Mon CV (2).pdf" mon-cv.pdf
mv Index.HTML index.html
