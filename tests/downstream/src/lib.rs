//! A downstream crate that generates its client from its own specs in `build.rs`.
include!(concat!(env!("OUT_DIR"), "/cloudusage_generated.rs"));

#[cfg(test)]
mod tests {
    use super::tencent::cdn::{describe_cdn_data::Metric, CdnClient, DescribeCdnDataRequest};
    use cloudusage_runtime::{ClientConfig, Credentials, ValidationContext};
    use time::macros::datetime;

    #[test]
    fn the_generated_request_validates_its_spec_limits() {
        let ctx = ValidationContext::at(datetime!(2024-02-01 0:00 UTC), None);
        let ok = DescribeCdnDataRequest::new(
            datetime!(2024-01-01 0:00 +8),
            datetime!(2024-01-31 0:00 +8),
            Metric::Flux,
        );
        assert_eq!(ok.validate(&ctx), Ok(()));
        let too_long = DescribeCdnDataRequest::new(
            datetime!(2023-11-01 0:00 +8),
            datetime!(2024-01-31 0:00 +8),
            Metric::Flux,
        );
        assert!(too_long.validate(&ctx).unwrap_err().concerns("EndTime"));
        let too_many = ok.domains((0..31).map(|i| format!("d{i}.example.com")));
        assert!(too_many.validate(&ctx).unwrap_err().concerns("Domains"));
    }

    #[test]
    fn the_generated_client_builds() {
        let client = CdnClient::new(ClientConfig::new(Credentials::new("id", "secret")));
        assert!(client.is_ok());
    }
}
