cp -r site site-sauvegarde
echo "<p>Nouveau</p>" >> site/index.html
