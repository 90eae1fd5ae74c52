zip -r mon-site.zip mon-site
