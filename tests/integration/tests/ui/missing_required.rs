use cloudusage::tencent::vod::DescribeMediaPlayStatDetailsRequest;
use time::macros::datetime;

fn main() {
    // EndTime is required: leaving it out does not compile.
    let _request = DescribeMediaPlayStatDetailsRequest::new("file-id", datetime!(2021-01-01 0:00 +8));
}
